@death_registration
Feature: Death registration, fully online
  As a bereaved relative
  I want to register a death from home
  So that I am spared trips to the commune office at a hard time

  Background:
    Given I am signed in with my national electronic identity

  Scenario: A relative registers a death without visiting an office
    Given I read the information page of the procedure
    When I apply online
    And I fill in the e-form with:
      | field                              | value                    |
      | applicant.relationship_to_deceased | Child                    |
      | deceased.full_name                 | Nguyễn Văn Hải           |
      | deceased.personal_id               | 001045067890             |
      | deceased.date_of_death             | 2026-11-20               |
      | deceased.place_of_death            | Bach Mai Hospital, Hanoi |
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
