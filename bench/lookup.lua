-- GET /Users?filter=userName eq "seed-<n>@example.com" for a random seeded n in [1, users].
-- args: <base path> <api key> <users>
function init(args)
  base, key, users = args[1], args[2], tonumber(args[3])
  wrk.headers["Authorization"] = "Bearer " .. key
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
function request()
  local n = math.random(1, users)
  return wrk.format("GET", base .. "/Users?filter=userName%20eq%20%22seed-" .. n .. "%40example.com%22")
end
