#!/usr/bin/env python3
"""Checks the admins' service-level page (/sla) and the dashboard's service notices in headless
Chromium, against GET /v1/sla of the same daemon.

    python3 Tests/Dashboard/sla_check.py --url http://127.0.0.1:8640/ --token ADMIN \
        --supervisor-token SUP --maintenance-reason "database upgrade" --screenshots DIR

Steps: a supervisor token is refused by the page; an admin's dashboard shows the announced
maintenance in its banner and the link to the page; the page then shows the month as the API
reports it (availability gauge, one timeline bar per outage, maintenance window and incident,
a latency row per 7-day period and the last 7 days, the incident table). Prints one JSON line;
exits 0 when every step passes, else 1 with the failed step (and DIR/*-failed.png).
"""
import argparse
import json
import os
import sys
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dashboard_check import StepFailed, check, find, page_url, wait_for  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


def report(base, token, month):
    url = base.rstrip("/") + "/v1/sla?month=" + urllib.parse.quote(month)
    request = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def count(driver, selector):
    return len(driver.find_elements(By.CSS_SELECTOR, selector))


def run(driver, args):
    t = args.timeout
    base = args.url.split("#", 1)[0].rstrip("/")

    # 1: a supervisor is told the page needs an admin token.
    driver.get(page_url(base + "/sla", args.supervisor_token))

    def refused(d):
        error = find(d, "#login-error")
        return error is not None and error.is_displayed() and "admin" in error.text

    wait_for(driver, t, "1 supervisor refused", refused, "#login-error naming the admin token")

    # 2: the admin's dashboard shows the maintenance banner and the link to the page.
    driver.get(page_url(base + "/", args.token))
    wait_for(driver, t, "2 live", lambda d: d.find_element(By.ID, "status").get_attribute("data-state") == "live", "#status live")

    def banner(d):
        items = d.find_elements(By.CSS_SELECTOR, "#maintenance-list li")
        return d.find_element(By.ID, "maintenance").is_displayed() and any(args.maintenance_reason in i.text for i in items)

    wait_for(driver, t, "2 maintenance banner", banner, f"#maintenance-list li with '{args.maintenance_reason}'")
    banner_text = " ".join(driver.find_element(By.ID, "maintenance").text.split())
    link = wait_for(driver, t, "2 link", lambda d: (lambda e: e if e is not None and e.is_displayed() else None)(find(d, "#sla-link")),
                    "#sla-link shown to an admin")
    driver.save_screenshot(os.path.join(args.screenshots, "dashboard-maintenance.png"))

    # 3: the page, reached by the link (the token stays in the tab's session), matches the API.
    link.click()
    wait_for(driver, t, "3 loaded", lambda d: d.find_element(By.ID, "status").get_attribute("data-state") == "loaded", "#status loaded")
    month = driver.find_element(By.ID, "month-input").get_attribute("value")
    expected = report(base, args.token, month)
    gauge = driver.find_element(By.ID, "gauge")
    shown = gauge.get_attribute("data-percent")
    percent = expected["availability"]["availabilityPercent"]
    if percent is None or shown == "" or abs(float(shown) - percent) > 1e-6:
        raise StepFailed("3 gauge", f"gauge shows {shown!r}, the API {percent!r}")
    if count(driver, "#gauge svg path.value") != 1:
        raise StepFailed("3 gauge", "no value arc")
    checks = {
        "outages": (count(driver, "#timeline rect.outage"), len(expected["outages"])),
        "crashes": (count(driver, "#timeline rect.outage[data-cause=crash]"), sum(o["cause"] == "crash" for o in expected["outages"])),
        "maintenance": (count(driver, "#timeline rect.maintenance"), len(expected["maintenance"])),
        "incidents": (count(driver, "#timeline rect.p1, #timeline rect.p2, #timeline rect.p3"), len(expected["incidentList"])),
        "incident rows": (count(driver, "#incident-table tbody tr"), len(expected["incidentList"])),
        "latency rows": (count(driver, "#latency tbody tr"), len(expected["latency"]["periods"]) + 1),
        "priorities": (count(driver, "#incident-figures tbody tr"), len(expected["incidents"]["byPriority"])),
    }
    for name, (on_page, in_api) in checks.items():
        if on_page != in_api:
            raise StepFailed("3 " + name, f"the page shows {on_page}, the API has {in_api}")
    if checks["crashes"][1] < 1 or checks["incidents"][1] < 1:
        raise StepFailed("3 history", f"expected a crash and its incident in the month: {checks}")
    last7 = driver.find_element(By.CSS_SELECTOR, "#latency tbody tr.last-7-days").text
    driver.set_window_size(1280, 1300)  # the whole page in the screenshot
    driver.save_screenshot(os.path.join(args.screenshots, "sla.png"))
    return {
        "ok": True, "month": month, "availabilityPercent": percent, "bannerText": banner_text,
        "counts": {name: pair[0] for name, pair in checks.items()}, "last7Days": " ".join(last7.split()),
        "downtime": driver.find_element(By.ID, "downtime").text,
    }


def main():
    parser = argparse.ArgumentParser(description="Check the ccrd service-level page in headless Chromium.")
    parser.add_argument("--url", required=True, help="the daemon, e.g. http://127.0.0.1:8640/")
    parser.add_argument("--token", required=True, help="an admin token")
    parser.add_argument("--supervisor-token", required=True, help="a supervisor token (must be refused)")
    parser.add_argument("--maintenance-reason", required=True, help="the reason of a window announced for within 24 h")
    parser.add_argument("--screenshots", required=True, help="folder for dashboard-maintenance.png and sla.png")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per step (default 60)")
    args = parser.parse_args()

    return check(run, args, os.path.join(args.screenshots, "sla-failed.png"))


if __name__ == "__main__":
    sys.exit(main())
