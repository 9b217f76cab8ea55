@driving_licence_renewal
Feature: Driving-licence renewal, fully online
  As a driver whose licence is expiring
  I want to renew it online
  So that I keep driving without a trip to the Department of Transport

  Background:
    Given I am signed in with my national electronic identity

  Scenario: A driver renews a driving licence without visiting an office
    Given I read the information page of the procedure
    When I apply online
    And I fill in the e-form with:
      | field          | value        |
      | licence.number | 010123456789 |
      | licence.class  | B2           |
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
