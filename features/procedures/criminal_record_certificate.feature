@criminal_record_certificate
Feature: Criminal-record certificate, fully online
  As a citizen applying for a job
  I want to request my criminal-record certificate from home
  So that I receive it without travelling to the provincial Department of Justice

  Background:
    Given I am signed in with my national electronic identity

  Scenario: A citizen obtains a criminal-record certificate without visiting an office
    Given I read the information page of the procedure
    When I apply online
    And I fill in the e-form with:
      | field                    | value                       |
      | applicant.place_of_birth | Nam Định                    |
      | applicant.nationality    | Vietnamese                  |
      | request.purpose          | Employment application      |
      | request.copies           | 1                           |
      | request.certificate_type | Certificate No. 1           |
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
