#!/usr/bin/env python3
"""Checks a transcribed call's page in headless Chromium: the transcript beside the timeline,
the phrases heard marked on their lines, the script's steps with their outcome.

    python3 Tests/Dashboard/callpage_check.py --url http://127.0.0.1:8640/ --token ADMIN \
        --call-id said-en --screenshot test-artifacts/workspace/call-transcript.png

Prints one JSON line (what the page shows) and exits 0, or names the failed step and exits 1.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from dashboard_check import check, css_string, failed_path, find, page_url, wait_for  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


def run(driver, args):
    t = args.timeout
    driver.set_window_size(1366, 768)
    driver.get(page_url(args.url, args.token))
    wait_for(driver, t, "1 sign in", lambda d: d.find_element(By.ID, "status").get_attribute("data-state") == "live", "#status live")
    driver.execute_script("location.hash = arguments[0];", "#/calls/" + args.call_id)
    call = css_string(args.call_id)
    wait_for(driver, t, "2 call page", lambda d: find(d, f"#call-view[data-call-id={call}] #transcript li"), "the transcript")
    lines = driver.find_elements(By.CSS_SELECTOR, "#transcript li.utterance")
    marks = driver.find_elements(By.CSS_SELECTOR, "#transcript mark.phrase")
    steps = {s.get_attribute("data-step"): s.get_attribute("data-status") for s in driver.find_elements(By.CSS_SELECTOR, ".script-steps li")}
    driver.find_element(By.CSS_SELECTOR, "#transcript li.has-phrase").click()
    cursor = driver.find_element(By.ID, "timeline-cursor")
    driver.save_screenshot(args.screenshot)
    return {
        "ok": True,
        "lines": len(lines),
        "legs": sorted({line.get_attribute("class").split("leg-")[1].split()[0] for line in lines}),
        "marks": sorted({m.get_attribute("class").split("phrase-")[-1] for m in marks}),
        "steps": steps,
        "cursorShown": cursor.get_attribute("visibility") == "visible",
        "deadAirBands": len(driver.find_elements(By.CSS_SELECTOR, "#call-timeline rect.dead-air")),
    }


def main():
    parser = argparse.ArgumentParser(description="Check a transcribed call's page in headless Chromium.")
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--call-id", required=True)
    parser.add_argument("--screenshot", required=True)
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    return check(run, args, failed_path(args.screenshot))


if __name__ == "__main__":
    sys.exit(main())
