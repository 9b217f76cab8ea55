@birth_registration
Feature: Birth registration, fully online
  As a parent of a newborn
  I want to register my child's birth from home
  So that I receive the birth certificate without visiting the commune office

  Background:
    Given I am signed in with my national electronic identity

  Scenario: A parent registers a newborn's birth without visiting an office
    Given I read the information page of the procedure
    When I apply online
    And I fill in the e-form with:
      | field                           | value                     |
      | applicant.relationship_to_child | Mother                    |
      | child.full_name                 | Trần Minh An              |
      | child.date_of_birth             | 2026-11-01                |
      | child.sex                       | Male                      |
      | child.place_of_birth            | Hanoi Obstetrics Hospital |
      | child.ethnicity                 | Kinh                      |
      | child.nationality               | Vietnamese                |
      | mother.full_name                | Nguyễn Thị Lan            |
      | mother.personal_id              | 001088012345              |
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
