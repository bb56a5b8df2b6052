-- Visits each path of a list once, in order, on one connection, and times each visit; then ends the
-- run (bench/lib/first-visits.ts). init args: the file of paths, one per line.
-- Each time runs from handing the request to the socket to the end of its answer, on wrk's own clock:
-- the client is C and spends microseconds a visit, where a Node client spent up to 2 ms of the two
-- cores at the slowest tenth (decision 0064).

dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "wrk-report.lua")
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "monotonic-clock.lua")

local ffi = require("ffi")
ffi.cdef([[
  int getpid(void);
  int kill(int pid, int sig);
]])
local SIGINT = 2
local function now_ms()
  return monotonic_seconds() * 1e3
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

local paths

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  times, statuses, sent = {}, {}, 0
  -- wrk calls request() once before any connection opens, to see what a request looks like; that
  -- call must not use up a path.
  awaiting_wrk_probe = true
end

local started_at

function request()
  if awaiting_wrk_probe then
    awaiting_wrk_probe = false
    return wrk.format("GET", paths[1])
  end
  sent = sent + 1
  started_at = now_ms()
  return wrk.format("GET", paths[sent])
end

function response(status, _headers, _body)
  times[#times + 1] = now_ms() - started_at
  statuses[#statuses + 1] = status
  if #times == #paths then
    wrk.thread:stop()
    -- wrk waits out its -d seconds unless interrupted; SIGINT ends the run and still reports.
    ffi.C.kill(ffi.C.getpid(), SIGINT)
  end
end

local function json_array(values, format)
  local texts = {}
  for index, value in ipairs(values) do
    texts[index] = string.format(format, value)
  end
  return "[" .. table.concat(texts, ",") .. "]"
end

done = function(summary, latency, _requests)
  local thread = threads[1]
  report(summary, latency, {
    timesMs = json_array(thread:get("times"), "%.4f"),
    statuses = json_array(thread:get("statuses"), "%d"),
  })
end
