-- POST /api/v1/videos/generate for scripts/bench.sh: the same prompt, no Idempotency-Key (every
-- request is a new video), each request from the next of the signed-in users whose access tokens
-- BENCH_TOKENS lists (comma-separated): concurrent people, not one person's charges in a queue.
local tokens = {}
for token in string.gmatch(os.getenv("BENCH_TOKENS"), "[^,]+") do
  tokens[#tokens + 1] = token
end

local next_token = 0
local body = '{"prompt":"A calm sea at dawn, filmed for the benchmark","model":"sora-2"}'

request = function()
  next_token = next_token % #tokens + 1
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[next_token],
  }, body)
end
