@custom_procedure
Feature: Procedures a portal offers beyond the standard
  As an assessor
  I want the procedures a portal declares in its profile to be played like the standard ones
  So that a portal's own services are graded too, without anyone writing Python

  Scenario: A citizen completes a procedure declared in the portal's profile
    When I follow the journey the portal's profile declares for the procedure
    Then the whole procedure was completed online, without visiting an office
    And the portal met the quality criteria on every page
