@electricity_connection
Feature: New low-voltage electricity connection, fully online
  As a citizen who has built a new house
  I want to request an electricity connection online
  So that the power company connects the house without me visiting its office

  Background:
    Given I am signed in with my national electronic identity

  Scenario: A citizen requests a new electricity connection without visiting an office
    Given I read the information page of the procedure
    When I apply online
    And I fill in the e-form with:
      | field                   | value                             |
      | electricity.address     | 12 Nguyễn Trãi, Thanh Xuân, Hanoi |
      | electricity.purpose     | Household                         |
      | electricity.capacity_kw | 5                                 |
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
