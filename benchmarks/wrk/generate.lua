-- POST /api/v1/videos/generate for scripts/bench.sh: one signed-in user, the same prompt, no
-- Idempotency-Key (every request is a new video). The token comes from BENCH_TOKEN.
wrk.method = "POST"
wrk.body = '{"prompt":"A calm sea at dawn, filmed for the benchmark","model":"sora-2"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
