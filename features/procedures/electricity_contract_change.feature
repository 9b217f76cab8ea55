@electricity_contract_change
Feature: Changing the holder of an electricity contract, fully online
  As a citizen who has bought a house
  I want to take over the electricity contract online
  So that the bills come in my name

  Background:
    Given I am signed in with my national electronic identity

  Scenario: A citizen takes over an electricity contract without visiting an office
    Given I read the information page of the procedure
    When I apply online
    And I fill in the e-form with:
      | field                            | value          |
      | electricity.customer_code        | PD0100123456   |
      | electricity.new_holder_full_name | Nguyễn Thị Lan |
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
