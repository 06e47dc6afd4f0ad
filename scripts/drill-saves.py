#!/usr/bin/env python3
"""Part 3 of scripts/drill: article saves while the node is killed.

Four editors save new drafts through the real form (multipart POST, as a
browser sends it). After --kill-after acknowledged saves (303 to the new
article) the node gets SIGKILL, is started again with --restart, and the
editors carry on until --saves attempts were made. Then every
acknowledged save is looked up in the database: one that is missing was
lost. Saves that failed (the node was down) were never acknowledged: an
editor would see the error and press again.
"""

import argparse
import http.client
import os
import re
import signal
import sqlite3
import subprocess
import threading
import time
import urllib.parse

BOUNDARY = "drillBoundary7MA4YWxkTrZu0gW"


def multipart(fields):
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    parts.append(f"--{BOUNDARY}--\r\n")
    return "".join(parts).encode()


def request(base, method, path, body=None, headers=None, timeout=10):
    url = urllib.parse.urlparse(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status, dict(response.getheaders())
    finally:
        connection.close()


def sign_in(base):
    body = urllib.parse.urlencode({"login": "drill", "password": "drill-password"})
    status, headers = request(
        base,
        "POST",
        "/admin/login",
        body,
        {"Origin": base, "Content-Type": "application/x-www-form-urlencoded"},
    )
    cookie = headers.get("set-cookie") or headers.get("Set-Cookie") or ""
    match = re.search(r"qalam_session=([^;]+)", cookie)
    if status != 303 or not match:
        raise SystemExit(f"sign-in failed: {status}")
    return match.group(1)


def healthy(base):
    try:
        return request(base, "GET", "/health", timeout=1)[0] == 200
    except OSError:
        return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--restart", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--saves", type=int, default=1000)
    parser.add_argument("--kill-after", type=int, default=300)
    parser.add_argument("--editors", type=int, default=4)
    args = parser.parse_args()

    session = sign_in(args.base)
    lock = threading.Lock()
    state = {"attempts": 0, "acknowledged": {}, "failed": 0, "refused": {}}

    def editor(n):
        while True:
            with lock:
                if state["attempts"] >= args.saves:
                    return
                state["attempts"] += 1
                k = state["attempts"]
            title = f"Дрилл сохранения {k}: редактор {n}"
            body = multipart(
                {
                    "version": "0",
                    "title": title,
                    "category": "politika",
                    "status": "draft",
                    "lead": "Проверка сохранности при аварийной остановке.",
                    "body": f"Абзац {k}.",
                }
            )
            headers = {
                "Origin": args.base,
                "Cookie": f"qalam_session={session}",
                "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            }
            try:
                status, answer = request(args.base, "POST", "/admin/articles/new", body, headers)
            except OSError:
                with lock:
                    state["failed"] += 1
                time.sleep(0.05)
                continue
            location = answer.get("location") or answer.get("Location") or ""
            match = re.match(r"/admin/articles/(\d+)\?notice=saved", location)
            with lock:
                if status == 303 and match:
                    state["acknowledged"][int(match.group(1))] = title
                else:
                    state["refused"][status] = state["refused"].get(status, 0) + 1

    threads = [threading.Thread(target=editor, args=(n,)) for n in range(1, args.editors + 1)]
    started = time.time()
    for thread in threads:
        thread.start()
    while True:
        with lock:
            if len(state["acknowledged"]) >= args.kill_after:
                break
        time.sleep(0.005)
    os.kill(args.pid, signal.SIGKILL)
    killed_at = len(state["acknowledged"])
    subprocess.Popen(args.restart, shell=True)
    back = time.time()
    while not healthy(args.base):
        time.sleep(0.05)
    back = time.time() - back
    for thread in threads:
        thread.join()
    took = time.time() - started

    acknowledged = state["acknowledged"]
    ids = sorted(acknowledged)
    if args.database.startswith("sqlite:"):
        path = args.database[len("sqlite:") :].split("?")[0]
        db = sqlite3.connect(path)
        found = dict(
            db.execute(
                f"SELECT id, title FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids
            ).fetchall()
        )
    else:
        out = subprocess.run(
            [
                "psql",
                args.database,
                "-AtXF",
                "\t",
                "-c",
                f"SELECT id, title FROM articles WHERE id IN ({','.join(map(str, ids))})",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        found = {int(line.split("\t")[0]): line.split("\t", 1)[1] for line in out.splitlines() if line}
    lost = [i for i in ids if found.get(i) != acknowledged[i]]
    print(f"  attempts: {state['attempts']} in {took:.1f} s")
    print(f"  acknowledged: {len(acknowledged)} (node killed after {killed_at}; up again in {back:.2f} s)")
    print(f"  failed while the node was down (not acknowledged): {state['failed']}")
    if state["refused"]:
        print(f"  refused with a status: {state['refused']}")
    print(f"  acknowledged saves lost: {len(lost)}")
    if lost:
        print(f"  lost ids: {lost[:20]}")
        raise SystemExit(1)


if __name__ == "__main__":
    main()
