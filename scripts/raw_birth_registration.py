"""A plain Selenium script registering a birth on the reference portal: B1's baseline.

    python scripts/raw_birth_registration.py BASE_URL        (credentials from the environment:
    PORTALQA_REFERENCE_PERSONAL_ID, PORTALQA_REFERENCE_PASSWORD)

What a QA engineer would write without portalqa, making the clicks portalqa's birth-registration
journey makes on the same portal: the home page, sign in with the national e-identity, the
procedure's information page, "Apply online", each e-form page (the child's page sent once with an
answer held back, as portalqa's validation probe does, then complete), the document, the review and
its declaration, the submission, and the tracking page with the code received. Elements are found by
id, name and visible text, the way such scripts are; answers are typed from a fixed sheet. Prints
`scenario_seconds=<s>` (the clicks alone, from the first page to the last) for
scripts/journey_cost_benchmark.py; the process's whole time is measured from outside.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

# What the child's and parents' pages ask, answered as a script would hard-code them.
ANSWERS = {
    "relationship": "Mother",
    "child_full_name": "Nguyen Van An",
    "child_date_of_birth": "2026-11-20",
    "child_sex": "Male",
    "child_place_of_birth": "Ha Noi Obstetrics Hospital, Dong Da, Ha Noi",
    "child_ethnicity": "Kinh",
    "child_nationality": "Viet Nam",
    "mother_full_name": "Tran Thi Binh",
    "mother_date_of_birth": "1995-03-14",
    "mother_personal_id": "001195012345",
    "father_full_name": "Nguyen Van Cuong",
    "father_date_of_birth": "1993-07-02",
    "father_personal_id": "001093012345",
    "mother_nationality": "Viet Nam",
    "father_nationality": "Viet Nam",
    "mother_ethnicity": "Kinh",
    "father_ethnicity": "Kinh",
    "mother_residence": "12 Hang Bai, Hoan Kiem, Ha Noi",
    "father_residence": "12 Hang Bai, Hoan Kiem, Ha Noi",
}


def browser() -> webdriver.Chrome:
    options = Options()
    options.binary_location = os.environ.get("PORTALQA_CHROMIUM", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,800"):  # fmt: skip
        options.add_argument(flag)
    service = Service(executable_path=os.environ.get("PORTALQA_CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=service, options=options)


def click_and_wait(driver: webdriver.Chrome, element) -> None:
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 15, 0.05).until(
        lambda d: (
            old != d.find_element(By.TAG_NAME, "html")
            and d.execute_script("return document.readyState") == "complete"
        )
    )


def submit(driver: webdriver.Chrome) -> None:
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


def answer(driver: webdriver.Chrome, skip: str | None = None) -> None:
    """Answer every empty question of the page from the sheet, except `skip`."""
    for name, value in ANSWERS.items():
        if name == skip:
            continue
        for field in driver.find_elements(By.NAME, name):
            if not field.is_displayed():
                continue
            if field.tag_name == "select":
                Select(field).select_by_visible_text(value)
            elif not field.get_attribute("value"):
                field.send_keys(value)


def main() -> int:
    base = sys.argv[1].rstrip("/")
    personal_id = os.environ["PORTALQA_REFERENCE_PERSONAL_ID"]
    password = os.environ["PORTALQA_REFERENCE_PASSWORD"]
    certificate = Path(tempfile.mkdtemp()) / "medical-birth-certificate.pdf"
    certificate.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    driver = browser()
    started = time.perf_counter()  # the clicks alone, as portalqa's scenario time (its browser is a fixture)
    try:
        driver.get(base + "/")
        click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Sign in"))
        driver.find_element(By.ID, "personal_id").send_keys(personal_id)
        driver.find_element(By.ID, "password").send_keys(password)
        submit(driver)
        driver.get(base + "/procedures/1.001193")
        click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Apply online"))
        probed = False
        while "/step/" in driver.current_url:
            if not probed and driver.find_elements(By.NAME, "child_full_name"):
                answer(driver, skip="child_full_name")  # held back once: does the portal say what is missing?
                submit(driver)
                probed = True
            answer(driver)
            submit(driver)
        driver.find_element(By.ID, "medical_birth_certificate").send_keys(str(certificate))
        submit(driver)
        driver.find_element(By.ID, "declaration").click()
        submit(driver)
        submit(driver)  # "Submit application": no fee for an on-time registration
        code = re.search(r"HS\d{4}-\d+", driver.find_element(By.TAG_NAME, "main").text)
        if not code:
            raise SystemExit(f"no tracking code on {driver.current_url}")
        driver.get(base + "/track")
        driver.find_element(By.ID, "code").send_keys(code.group(0))
        submit(driver)
    finally:
        driver.quit()
    print(f"scenario_seconds={time.perf_counter() - started:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
