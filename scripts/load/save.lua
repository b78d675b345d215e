-- wrk script: each thread (one connection) saves its own cell of the dossier grid again and
-- again, alternating two figures, passing back the version the previous answer gave (the
-- server refuses a stale version), as the entry page's JavaScript does.
local cells = { "TINH.TRUCTIEP", "TINH.QUAMANG", "HUYEN.TRUCTIEP", "HUYEN.QUAMANG" }
local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  coc = cells[((id - 1) % #cells) + 1]
  version = args[1 + ((id - 1) % #cells)] or ""
  n = 0
  conflicts = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["X-CSRF-Token"] = os.getenv("CSRF")
  wrk.headers["Cookie"] = os.getenv("COOKIE")
end

function request()
  n = n + 1
  local text = (n % 2 == 0) and "1.013" or "1.014"
  local body = "de=DVC_HOSO&coc=" .. coc .. "&text=" .. text .. "&version=" .. version
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  local v = body:match('"version":"(%d*)"')
  if v then version = v end
  if not body:find('"status":"saved"') then conflicts = conflicts + 1 end
end

function done(summary, latency, requests)
  local refused = 0
  for _, t in ipairs(threads) do refused = refused + t:get("conflicts") end
  io.write(string.format("answers other than saved: %d\n", refused))
end
