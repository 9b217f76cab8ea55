@portal_pages
Feature: A portal's public pages serve every citizen, on a desktop and on a phone
  As a citizen who comes to the portal before choosing any procedure
  I want its home page, catalogue, privacy policy and other public pages to be fast, accessible and
  usable on my phone, in a language my browser and screen reader know, with the same links on every page
  So that I can find out how my data is handled, how accessible the portal is and whom to contact

  Scenario: The portal's public pages meet the quality criteria
    Given I open each of the portal's public pages
    Then every public page says which language it is written in
    And every public page links to the privacy policy, the accessibility statement and a contact
    And every public page carries the monitoring code
    And the portal met the quality criteria on every page
