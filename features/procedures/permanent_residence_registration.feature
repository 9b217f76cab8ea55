@permanent_residence_registration
Feature: Permanent residence registration, fully online
  As a citizen who has moved in with family
  I want to register my permanent residence from home
  So that my new address is registered without queueing at the police station

  Background:
    Given I am signed in with my national electronic identity

  Scenario: A citizen registers a permanent residence without visiting an office
    Given I read the information page of the procedure
    When I apply online
    And I fill in the e-form with:
      | field                     | value                              |
      | residence.address         | 25 Lý Thường Kiệt, Phường Hàng Bài |
      | residence.province        | Hanoi                              |
      | residence.reason          | Family                             |
      | residence.owner_full_name | Phạm Văn Bình                      |
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
