@linked_birth_residence_insurance
Feature: Linked birth registration, permanent residence and child health insurance, fully online
  As a parent of a newborn
  I want to register the birth, the residence and the health-insurance card in one submission
  So that three agencies serve me without three visits

  Background:
    Given I am signed in with my national electronic identity

  Scenario: A parent obtains the birth certificate, residence and health-insurance card in one online submission
    Given I read the information page of the procedure
    When I apply online
    And I fill in the e-form with:
      | field                           | value                                     |
      | applicant.relationship_to_child | Mother                                    |
      | child.full_name                 | Trần Minh An                              |
      | child.date_of_birth             | 2026-11-01                                |
      | child.sex                       | Male                                      |
      | child.place_of_birth            | Hanoi Obstetrics Hospital                 |
      | child.ethnicity                 | Kinh                                      |
      | child.nationality               | Vietnamese                                |
      | mother.full_name                | Nguyễn Thị Lan                            |
      | mother.personal_id              | 001088012345                              |
      | residence.address               | 25 Lý Thường Kiệt, Phường Hàng Bài, Hanoi |
    And I attach the required documents
    And I review and confirm my application
    And I pay the fee online
    And I submit the application
    Then I receive a tracking code
    When I follow my application on the tracking page
    Then the tracking page shows the status of my application
    When I download the electronic result
    Then I receive the result of my application
    And one submission produced every linked result
    And my details were pre-filled from the population register
    And the whole procedure was completed online, without visiting an office
    And the portal met the quality criteria on every page
