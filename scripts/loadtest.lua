-- wrk script for scripts/loadtest.py: cycles through the requests in the file named by the first argument
-- (one "METHOD PATH" a line) and counts answers by status class; done() prints one JJKG line to parse.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local lines = {}
  for line in io.lines(args[1]) do
    local method, path = line:match("^(%S+)%s+(%S+)$")
    if method then
      table.insert(lines, wrk.format(method, path, { ["Accept"] = "*/*" }))
    end
  end
  reqs, i = lines, 0
  ok, client_errors, server_errors, other = 0, 0, 0, 0
end

function request()
  i = i % #reqs + 1
  return reqs[i]
end

function response(status, headers, body)
  if status < 400 then ok = ok + 1
  elseif status < 500 then client_errors = client_errors + 1
  elseif status >= 500 then server_errors = server_errors + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local t = { ok = 0, client_errors = 0, server_errors = 0 }
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + thread:get(k) end
  end
  io.write(string.format("JJKG requests=%d ok=%d client_errors=%d server_errors=%d socket_errors=%d " ..
                         "p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f\n",
    summary.requests, t.ok, t.client_errors, t.server_errors,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
