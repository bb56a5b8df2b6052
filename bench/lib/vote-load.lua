-- Votes at full speed, every request from a different reader (bench/lib/vote-load.ts).
-- wrk runs it with one thread (bench/lib/wrk.ts). init args: voter cookie file (one Cookie header
-- value per line; line n is reader n-1), seconds of voting, the vote API path.
-- Readers vote in file order; reader i votes -1 when i % 5 == 4, else +1.
-- Once the seconds are up no connection starts another vote: they read /healthz instead until every
-- vote sent has been answered, and then the thread stops, so no vote is ever left unanswered.

dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "wrk-report.lua")
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "monotonic-clock.lua")
local now = monotonic_seconds

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

local cookies, seconds, path
local UP, DOWN = '{"value":1}', '{"value":-1}'
local HEADERS_UP, HEADERS_DOWN

function init(args)
  cookies = {}
  for line in io.lines(args[1]) do
    cookies[#cookies + 1] = line
  end
  seconds, path = tonumber(args[2]), args[3]
  sent, sent_up, sent_down, answered, ack_up, ack_down, unconfirmed = 0, 0, 0, 0, 0, 0, 0
  out_of_readers = 0
  statuses = {}
  started_at, last_answer_at = 0, 0
  -- wrk calls request() once before any connection opens, to see what a request looks like; that
  -- call must not use up a reader or start the clock.
  awaiting_wrk_probe = true
end

local function drain_read()
  if answered == sent then
    wrk.thread:stop()
  end
  return wrk.format("GET", "/healthz")
end

function request()
  if awaiting_wrk_probe then
    awaiting_wrk_probe = false
    return wrk.format("GET", "/healthz")
  end
  local t = now()
  if started_at == 0 then
    started_at = t
  end
  if t - started_at >= seconds then
    return drain_read()
  end
  local reader = sent
  local cookie = cookies[reader + 1]
  if cookie == nil then
    out_of_readers = 1
    return drain_read()
  end
  sent = sent + 1
  local down = reader % 5 == 4
  if down then
    sent_down = sent_down + 1
  else
    sent_up = sent_up + 1
  end
  local headers = { ["Cookie"] = cookie, ["Content-Type"] = "application/json" }
  return wrk.format("POST", path, headers, down and DOWN or UP)
end

function response(status, _headers, body)
  if body:sub(1, 10) == '{"status":' then
    return -- a drain read
  end
  answered = answered + 1
  last_answer_at = now()
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if status ~= 200 or not body:find('"held":false', 1, true) then
    unconfirmed = unconfirmed + 1
  elseif body:find('"mine":1[,}]') then
    ack_up = ack_up + 1
  elseif body:find('"mine":%-1[,}]') then
    ack_down = ack_down + 1
  else
    unconfirmed = unconfirmed + 1
  end
end

local function sum(name)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get(name)
  end
  return total
end

done = function(summary, latency, _requests)
  local first_start, last_answer = math.huge, 0
  local status_fields = {}
  local statuses_all = {}
  for _, thread in ipairs(threads) do
    local started = thread:get("started_at")
    if started > 0 and started < first_start then
      first_start = started
    end
    last_answer = math.max(last_answer, thread:get("last_answer_at"))
    for status, count in pairs(thread:get("statuses")) do
      statuses_all[status] = (statuses_all[status] or 0) + count
    end
  end
  for status, count in pairs(statuses_all) do
    table.insert(status_fields, string.format('"%s":%d', status, count))
  end
  report(summary, latency, {
    sent = tostring(sum("sent")),
    sentUp = tostring(sum("sent_up")),
    sentDown = tostring(sum("sent_down")),
    answered = tostring(sum("answered")),
    acknowledgedUp = tostring(sum("ack_up")),
    acknowledgedDown = tostring(sum("ack_down")),
    unconfirmed = tostring(sum("unconfirmed")),
    outOfReaders = tostring(sum("out_of_readers")),
    statusCounts = "{" .. table.concat(status_fields, ",") .. "}",
    votingSeconds = string.format("%.6f", first_start == math.huge and 0 or last_answer - first_start),
  })
end
