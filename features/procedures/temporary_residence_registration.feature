@temporary_residence_registration
Feature: Temporary residence registration, fully online
  As a citizen who has moved to another city for work
  I want to register my temporary residence from home
  So that I am registered where I live without queueing at the police station

  Background:
    Given I am signed in with my national electronic identity

  Scenario: A citizen registers a temporary residence without visiting an office
    Given I read the information page of the procedure
    When I apply online
    And I fill in the e-form with:
      | field                     | value                                  |
      | residence.address         | 12 Nguyễn Trãi, Phường Bến Thành      |
      | residence.province        | Ho Chi Minh City                       |
      | residence.start_date      | 2026-12-01                             |
      | residence.end_date        | 2027-11-30                             |
      | residence.reason          | Work                                   |
      | residence.owner_full_name | Lê Văn Hùng                            |
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
