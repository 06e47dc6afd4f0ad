#!/usr/bin/env bash
# Starts the release server for Playwright on a fresh scratch database with
# the demo content plus enough extra articles to page through a category.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-3100}"
dir=target/e2e
rm -rf "$dir" && mkdir -p "$dir"
export QALAM_DATABASE_URL="sqlite:$dir/qalam.db"
qalam=target/release/qalam
$qalam demo
for i in $(seq 1 30); do
  $qalam publish --category tekhnologii --author erzhan-tursynbaev \
    --title "Технологии: заметка №$i" \
    --lead "Короткая заметка №$i для проверки постраничной навигации рубрики." \
    --body "Текст заметки №$i." >/dev/null
done
# A small WordPress export of an old newsroom site, with its images:
# import.spec.ts reads what it became and follows its old links.
$qalam import wordpress end2end/fixtures/wordpress/export.xml \
  --uploads end2end/fixtures/wordpress/uploads >/dev/null
# Accounts for the editors' tests; passwords go in on stdin, never in argv.
printf '%s\n' 'пароль администратора' | $qalam user add --login admin --name 'Әсел Қасымова' --role admin
printf '%s\n' 'пароль редактора' | $qalam user add --login editor --name 'Айгерим Нурланова' --role editor
printf '%s\n' 'пароль автора' | $qalam user add --login author --name 'Нурлан Сапаров' --role author
# Every browser of the suite comes from 127.0.0.1: one address's search
# allowance would not last the run (the limit has its own test,
# server/tests/service.rs).
export QALAM_SEARCHES_PER_MINUTE=0
# Browsers' push subscriptions in reach.spec.ts name a push service here
# (nothing listens: what is sent to it fails, and the outbox says so).
export QALAM_PUSH_SERVICE_URL="http://127.0.0.1:9/push/"
# The access log would fill the run's output with a line per request.
export QALAM_LOG="${QALAM_LOG:-info,sqlx=warn,qalam::access=off}"
exec $qalam serve --listen "127.0.0.1:$port" --site-root target/site \
  --public-url "http://127.0.0.1:$port"
