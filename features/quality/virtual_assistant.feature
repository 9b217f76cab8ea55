@virtual_assistant
Feature: A virtual assistant answers citizens' questions about every procedure
  As a citizen preparing an application
  I want to ask the portal's virtual assistant what I need, what it costs and how long it takes
  So that I apply once, with the right documents, without calling or visiting an office

  Scenario: The assistant states the documents, fee and time limit of a procedure
    Given I ask the portal's virtual assistant about the procedure
    Then the assistant states the documents, fee and time limit of the standard procedure
    And the portal met the quality criteria on every page
