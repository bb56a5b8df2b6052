-- wrk's own figures as one JSON line ("WRK_JSON {...}") on stdout, for bench/lib/wrk.ts to read.
-- A script that counts more of its own passes those counts as `extra` (name -> JSON text).

function report(summary, latency, extra)
  local errors = summary.errors
  local fields = {
    string.format('"requests":%d', summary.requests),
    string.format('"durationUs":%d', summary.duration),
    string.format('"connectErrors":%d', errors.connect),
    string.format('"readErrors":%d', errors.read),
    string.format('"writeErrors":%d', errors.write),
    string.format('"timeouts":%d', errors.timeout),
    string.format('"non2xx3xx":%d', errors.status),
    string.format('"latencyMeanUs":%.1f', latency.mean),
    string.format('"latencyP50Us":%d', latency:percentile(50)),
    string.format('"latencyP99Us":%d', latency:percentile(99)),
  }
  for name, json in pairs(extra or {}) do
    table.insert(fields, string.format('"%s":%s', name, json))
  end
  io.write("WRK_JSON {" .. table.concat(fields, ",") .. "}\n")
end

done = function(summary, latency, _requests)
  report(summary, latency)
end
