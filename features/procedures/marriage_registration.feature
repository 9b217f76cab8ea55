@marriage_registration
Feature: Marriage registration, fully online
  As a citizen about to marry
  I want to register our marriage online
  So that we receive the marriage certificate extract without extra visits

  Background:
    Given I am signed in with my national electronic identity

  Scenario: A couple registers their marriage without visiting an office
    Given I read the information page of the procedure
    When I apply online
    And I fill in the e-form with:
      | field                | value         |
      | spouse.full_name     | Hoàng Văn Nam |
      | spouse.personal_id   | 001090054321  |
      | spouse.date_of_birth | 1990-04-12    |
    And I attach the required documents
    And I review and confirm my application
    And I pay the fee online
    And I submit the application
    Then I receive a tracking code
    When I follow my application on the tracking page
    Then the tracking page shows the status of my application
    When I download the electronic result
    Then I receive the result of my application
    And my details were pre-filled from the population register
    And the whole procedure was completed online, without visiting an office
    And the portal met the quality criteria on every page
