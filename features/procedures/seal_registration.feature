@seal_registration
Feature: Registering a new seal, fully online
  As the director of a newly established company
  I want to register our seal specimen online
  So that the company can start trading sooner

  Background:
    Given I am signed in with my national electronic identity

  Scenario: A company registers a new seal without visiting an office
    Given I read the information page of the procedure
    When I apply online
    And I fill in the e-form with:
      | field                  | value                           |
      | seal.organisation_name | An Bình Trading Company Limited |
      | seal.organisation_code | 0109876543                      |
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
