@land_register_update
Feature: Land-register update after the holder's details change, fully online
  As a land-use right holder whose ID details changed
  I want to update the land register online
  So that the certificate matches my new ID without a visit to the land registration office

  Background:
    Given I am signed in with my national electronic identity

  Scenario: A land-use right holder updates the land register without visiting an office
    Given I read the information page of the procedure
    When I apply online
    And I fill in the e-form with:
      | field                   | value                                                         |
      | land.certificate_number | CS 123456                                                     |
      | land.parcel_address     | Plot 45, map sheet 12, Xuân Đỉnh, Hanoi                       |
      | land.change_description | The holder's ID document changed to the chip-based citizen ID |
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
