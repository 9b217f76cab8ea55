@notification_of_stay
Feature: Notification of stay, fully online
  As a citizen staying a few days away from home
  I want to notify my stay from my phone
  So that I comply with the law without visiting the commune police

  Background:
    Given I am signed in with my national electronic identity

  Scenario: A citizen notifies a stay without visiting an office
    Given I read the information page of the procedure
    When I apply online
    And I fill in the e-form with:
      | field           | value                                  |
      | stay.address    | 8 Trần Hưng Đạo, Phường Phan Chu Trinh |
      | stay.start_date | 2026-12-10                             |
      | stay.end_date   | 2026-12-20                             |
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
