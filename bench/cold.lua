-- wrk script for the cold path: every request distinct. The list (one per line: path TAB accept) is cut into one
-- slice per thread; each thread sends its slice once, in order, then stops. Usage: wrk -t N -c N -s cold.lua URL -- list.tsv N done-file
-- Run it with one connection per thread (-t N -c N): a thread stops when asked for a request past its slice's
-- end, which would cut off the answers its other connections still wait for. The request returned then is
-- never answered on the record ("extra": one per thread).
-- The thread count comes as the second argument: setup() runs in the main Lua state, init() in each thread's own.
-- wrk waits out its whole -d even when every thread has stopped, so the run's own span is measured here: each
-- thread notes when it sent its first request and when its last answer came (CLOCK_MONOTONIC through LuaJIT's FFI).
local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_nsec; } jjkg_timespec;
  int clock_gettime(int clock, jjkg_timespec *t);
]]
local now_t = ffi.new("jjkg_timespec")
local function now_us()
  ffi.C.clock_gettime(1, now_t)
  return tonumber(now_t.tv_sec) * 1000000 + math.floor(tonumber(now_t.tv_nsec) / 1000)
end

local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local all = {}
  for line in io.lines(args[1]) do
    local path, accept = line:match("^([^\t]+)\t(.*)$")
    local headers = {}
    if accept ~= "" then headers["Accept"] = accept end
    table.insert(all, wrk.format("GET", path, headers))
  end
  local count = tonumber(args[2])
  finished = args[3]
  local first = math.floor(#all * id / count) + 1
  local last = math.floor(#all * (id + 1) / count)
  requests = {}
  for i = first, last do table.insert(requests, all[i]) end
  sent, answered, bad, extra = 0, 0, 0, 0
  first_us, last_us = 0, 0
end

function request()
  if sent == 0 then first_us = now_us() end
  sent = sent + 1
  if sent > #requests then
    extra = extra + 1
    if extra == 1 then  -- tell bench/load.py this thread is done: wrk itself would wait out its -d
      local f = io.open(finished, "a")
      f:write("done\n")
      f:close()
    end
    wrk.thread:stop()
    return requests[#requests]
  end
  return requests[sent]
end

function response(status, headers, body)
  answered = answered + 1
  if answered <= #requests and status >= 400 then bad = bad + 1 end
  if answered == #requests then last_us = now_us() end
end

function done(summary, latency, requests_)
  local bad_total, extra_total, first, last = 0, 0, nil, 0
  for _, t in ipairs(threads) do
    bad_total = bad_total + (t:get("bad") or 0)
    extra_total = extra_total + (t:get("extra") or 0)
    local f, l = t:get("first_us"), t:get("last_us")
    if f and f > 0 and (first == nil or f < first) then first = f end
    if l and l > last then last = l end
  end
  local span = (first and last > first) and (last - first) or summary.duration
  local e = summary.errors
  io.write(string.format(
    '\nJSON {"requests":%d,"duration_us":%d,"bad_status":%d,"extra":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, span, bad_total, extra_total, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
