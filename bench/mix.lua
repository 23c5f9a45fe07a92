-- wrk script: cycle through a list of GET requests (one per line: path TAB accept), each thread from its own
-- offset, and print the figures as one JSON line at the end. Usage: wrk -t N -s mix.lua URL -- requests.tsv N
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  requests = {}
  for line in io.lines(args[1]) do
    local path, accept = line:match("^([^\t]+)\t(.*)$")
    local headers = {}
    if accept ~= "" then headers["Accept"] = accept end
    table.insert(requests, wrk.format("GET", path, headers))
  end
  -- spread the threads over the list, so two clients rarely ask the same thing at once (the thread count is the
  -- second argument: `counter` counts in the main Lua state, not in this thread's)
  index = math.floor(#requests * id / math.max(tonumber(args[2] or "1"), 1))
  responses = 0
  bad = 0
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function response(status, headers, body)
  responses = responses + 1
  if status >= 400 then bad = bad + 1 end
end

function done(summary, latency, requests_)
  local bad_total = 0
  for _, t in ipairs(threads) do bad_total = bad_total + (t:get("bad") or 0) end
  local e = summary.errors
  io.write(string.format(
    '\nJSON {"requests":%d,"duration_us":%d,"bad_status":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, bad_total, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
