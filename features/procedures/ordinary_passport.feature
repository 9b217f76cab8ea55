@ordinary_passport
Feature: Ordinary passport, fully online
  As a citizen planning to travel abroad
  I want to apply for a passport from home
  So that it is delivered to me by post

  Background:
    Given I am signed in with my national electronic identity

  Scenario: A citizen applies for a passport without visiting an office
    Given I read the information page of the procedure
    When I apply online
    And I fill in the e-form with:
      | field                     | value                                     |
      | passport.delivery_address | 25 Lý Thường Kiệt, Phường Hàng Bài, Hanoi |
      | passport.reason           | First issue                               |
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
