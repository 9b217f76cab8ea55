@confirm_old_id_number
Feature: Confirming an old ID number, fully online
  As a citizen who now holds a chip-based ID card
  I want to get confirmation of my old 9-digit ID number from home
  So that my bank and insurer can update their records without me visiting the police

  Background:
    Given I am signed in with my national electronic identity

  Scenario: A citizen obtains confirmation of an old ID number without visiting an office
    Given I read the information page of the procedure
    When I apply online
    And I fill in the e-form with:
      | field                 | value                       |
      | request.old_id_number | 012345678                   |
      | request.purpose       | Update bank account records |
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
