@exam_registration
Feature: Upper-secondary exam and university admission registration, fully online
  As a final-year student
  I want to register for the graduation exam and admissions online
  So that I do not have to queue at school with paper forms

  Background:
    Given I am signed in with my national electronic identity

  Scenario: A student registers for the graduation exam without visiting an office
    Given I read the information page of the procedure
    When I apply online
    And I fill in the e-form with:
      | field            | value                                      |
      | exam.school      | Chu Văn An Upper Secondary School          |
      | exam.exam_centre | Hanoi Department of Education and Training |
      | exam.subjects    | Mathematics, Literature, English           |
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
