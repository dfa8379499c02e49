#!/usr/bin/env python3
"""Checks the supervisor dashboard in headless Chromium.

Needs Debian's `chromium` and `chromium-driver` (/usr/bin/chromium, /usr/bin/chromedriver) and
PyPI's `selenium`. Selenium Manager is never used: the driver path is given explicitly.

    python3 Tests/Dashboard/dashboard_check.py --url http://127.0.0.1:8640/ --token ccrd_... \
        --call-id 4711 --alert-rule dead-air --screenshot /tmp/dashboard.png [--bad-token wrong]

Prints one JSON line and exits 0 when every step passes; otherwise names the failed step, the
page's #status and the browser console, saves PATH-failed.EXT and exits 1.
"""
import argparse
import json
import os
import sys

os.environ.setdefault("SE_OFFLINE", "true")

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import TimeoutException, WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


class StepFailed(Exception):
    def __init__(self, step, detail):
        super().__init__(f"{step}: {detail}")
        self.step = step
        self.detail = detail


def css_string(value):
    """A CSS attribute-selector string literal for value."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def page_url(base, token):
    return base.split("#", 1)[0] + "#token=" + token


def status_of(driver):
    try:
        element = driver.find_element(By.ID, "status")
        return f"{element.text!r} (data-state={element.get_attribute('data-state')!r})"
    except WebDriverException as error:
        return f"unavailable ({error.__class__.__name__})"


def console_of(driver):
    try:
        return [f"{entry.get('level')} {entry.get('message')}" for entry in driver.get_log("browser")]
    except Exception as error:  # get_log is a Chromium extension; not every driver has it
        return [f"(browser log unavailable: {error.__class__.__name__})"]


def failed_path(path):
    root, ext = os.path.splitext(path)
    return f"{root}-failed{ext or '.png'}"


def wait_for(driver, timeout, step, condition, what):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.2).until(lambda d: condition(d))
    except TimeoutException:
        raise StepFailed(step, f"timed out after {timeout:g} s waiting for {what}") from None


def find(driver, selector):
    elements = driver.find_elements(By.CSS_SELECTOR, selector)
    return elements[0] if elements else None


def run(driver, args):
    t = args.timeout

    if args.bad_token:
        driver.get(page_url(args.url, args.bad_token))

        def rejected(d):
            state = d.find_element(By.ID, "status").get_attribute("data-state")
            error = find(d, "#login-error")
            return state == "token rejected" or (error is not None and error.is_displayed() and error.text.strip() != "")

        wait_for(driver, t, "1 bad token", rejected, "#status 'token rejected' or a login error")
        if "token=" in driver.current_url:
            raise StepFailed("1 bad token", "the token was left in the address bar")

    driver.get(page_url(args.url, args.token))

    def live(d):
        state = d.find_element(By.ID, "status").get_attribute("data-state")
        if state == "token rejected":
            raise StepFailed("2 live", "the page rejected --token")
        return state == "live"

    wait_for(driver, t, "2 live", live, "#status[data-state=live]")
    if "token=" in driver.current_url:
        raise StepFailed("2 live", "the token was left in the address bar")

    call_id = css_string(args.call_id)
    row_selector = f"#calls tr[data-call-id={call_id}]"
    row = wait_for(driver, t, "3 call row", lambda d: find(d, row_selector), row_selector)

    source = find(driver, row_selector + " td.agent .source")
    if source is None or source.text.strip() != "RTP":
        raise StepFailed("3 call row", "the row does not show the call's source (RTP)")

    alert_selector = f"#alerts li[data-call-id={call_id}][data-rule={css_string(args.alert_rule)}]"
    alert = wait_for(driver, t, "4 alert", lambda d: find(d, alert_selector), alert_selector)

    # A critical alert raised while the board is open is cued: a banner (and a sound, unless muted).
    severity = alert.get_attribute("data-severity")
    if severity == "critical":
        wait_for(driver, t, "4 alert", lambda d: (d.execute_script("return document.body.dataset.lastCritical || ''") or "").startswith(args.call_id + "/"),
                 "the critical alert's cue")
        cue_text = driver.find_element(By.ID, "critical-cue").get_attribute("textContent")
        if args.alert_rule not in cue_text:
            raise StepFailed("4 alert", f"the critical cue does not name the rule: {cue_text!r}")
    call_row_text = " ".join(find(driver, row_selector).text.split())
    alert_text = " ".join((find(driver, alert_selector) or alert).text.split())
    # A row opens the call's page, with the last window's score explained.
    row = find(driver, row_selector + " td.duration") or row
    row.click()
    detail_selector = f"#call-view[data-call-id={call_id}] .criterion"
    wait_for(driver, t, "5 call page", lambda d: d.find_elements(By.CSS_SELECTOR, detail_selector),
             f"{detail_selector} (a window must have been scored)")
    criteria = len(driver.find_elements(By.CSS_SELECTOR, detail_selector))

    driver.save_screenshot(args.screenshot)
    return {
        "ok": True,
        "callRowText": call_row_text,
        "alertText": alert_text,
        "criteria": criteria,
        "severity": severity,
    }


def main():
    parser = argparse.ArgumentParser(description="Check the ccrd supervisor dashboard in headless Chromium.")
    parser.add_argument("--url", required=True, help="the dashboard, e.g. http://127.0.0.1:8640/")
    parser.add_argument("--token", required=True, help="a supervisor or admin token")
    parser.add_argument("--call-id", required=True, help="a live call that must show up")
    parser.add_argument("--alert-rule", required=True, help="a rule that must raise an alert on that call")
    parser.add_argument("--screenshot", required=True, help="PNG to save (PATH-failed.png on failure)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per step (default 60)")
    parser.add_argument("--bad-token", help="a wrong token: first check that the page rejects it")
    args = parser.parse_args()

    return check(run, args, failed_path(args.screenshot))


def check(run, args, failure_screenshot):
    """Runs `run(driver, args)` in a fresh headless Chromium: prints its summary as one JSON
    line and returns 0, or on a failed step or a browser error prints the step, #status and the
    browser console, saves `failure_screenshot`, prints {"ok": false, ...} and returns 1."""
    driver = None
    try:
        driver = make_driver()
        driver.set_page_load_timeout(args.timeout)
        print(json.dumps(run(driver, args), ensure_ascii=False))
        return 0
    except (StepFailed, WebDriverException) as failure:
        step = getattr(failure, "step", "browser")
        detail = getattr(failure, "detail", None) or str(getattr(failure, "msg", None) or failure)
        print(f"check failed at step {step}: {detail}", file=sys.stderr)
        if driver is not None:
            print(f"#status: {status_of(driver)}", file=sys.stderr)
            print("browser console:", file=sys.stderr)
            for line in console_of(driver):
                print(f"  {line}", file=sys.stderr)
            try:
                driver.save_screenshot(failure_screenshot)
                print(f"screenshot: {failure_screenshot}", file=sys.stderr)
            except WebDriverException:
                pass
        print(json.dumps({"ok": False, "step": step, "error": detail}))
        return 1
    finally:
        if driver is not None:
            driver.quit()


if __name__ == "__main__":
    sys.exit(main())
