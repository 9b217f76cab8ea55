@traffic_fine_payment
Feature: Paying a camera-detected traffic fine, fully online
  As a driver who received a fine notice
  I want to pay the fine online
  So that I do not have to go to the traffic police

  Background:
    Given I am signed in with my national electronic identity

  Scenario: A driver pays a camera-detected fine without visiting an office
    Given I read the information page of the procedure
    When I apply online
    And I fill in the e-form with:
      | field                | value          |
      | fine.decision_number | QD-2026-001234 |
      | fine.plate_number    | 29A-123.45     |
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
