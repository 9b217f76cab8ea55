@citizen_id_card
Feature: Renewing a citizen identity card online
  As a citizen whose identity card has expired
  I want to apply for a new card from home
  So that I spend as little time as possible at the police station

  Background:
    Given I am signed in with my national electronic identity

  Scenario: A citizen applies to renew an identity card online
    Given I read the information page of the procedure
    When I apply online
    And I fill in the e-form with:
      | field               | value                |
      | request.card_action | Renewal              |
      | request.reason      | The card has expired |
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
