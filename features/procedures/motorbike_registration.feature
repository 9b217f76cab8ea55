@motorbike_registration
Feature: Motorbike registration and plates, fully online
  As a citizen who has bought a new motorbike
  I want to register it from home
  So that I receive the registration without queueing

  Background:
    Given I am signed in with my national electronic identity

  Scenario: A citizen registers a new motorbike without visiting an office
    Given I read the information page of the procedure
    When I apply online
    And I fill in the e-form with:
      | field                  | value             |
      | vehicle.brand          | Honda Wave Alpha  |
      | vehicle.engine_number  | JA39E1234567      |
      | vehicle.chassis_number | RLHJA3900NY123456 |
      | vehicle.colour         | Red               |
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
