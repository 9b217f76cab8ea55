@health_insurance_renewal
Feature: Renewing household health-insurance cards, fully online
  As the head of a household
  I want to renew our health-insurance cards with the household discount online
  So that the family stays insured without a trip to the social insurance office

  Background:
    Given I am signed in with my national electronic identity

  Scenario: A household renews its health-insurance cards without visiting an office
    Given I read the information page of the procedure
    When I apply online
    And I fill in the e-form with:
      | field                    | value         |
      | insurance.household_code | HN-0123456789 |
      | insurance.members        | 4             |
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
