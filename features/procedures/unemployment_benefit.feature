@unemployment_benefit
Feature: Unemployment benefit, fully online
  As a worker who has lost a job
  I want to claim unemployment benefit online
  So that I receive the benefit without waiting at the employment service centre

  Background:
    Given I am signed in with my national electronic identity

  Scenario: A worker claims unemployment benefit without visiting an office
    Given I read the information page of the procedure
    When I apply online
    And I fill in the e-form with:
      | field                              | value                 |
      | employment.last_employer           | Sông Hồng Garment JSC |
      | employment.end_date                | 2026-10-31            |
      | employment.social_insurance_number | 0123456789            |
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
