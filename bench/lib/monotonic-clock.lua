-- The monotonic clock in seconds, for wrk scripts (dofile it): wrk's Lua has no clock finer than os.clock.

local ffi = require("ffi")
ffi.cdef([[
  typedef struct { long tv_sec; long tv_nsec; } masthead_timespec;
  int clock_gettime(int clock_id, masthead_timespec *tp);
]])
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("masthead_timespec")

function monotonic_seconds()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) / 1e9
end
