-- Sets the request of every wrk connection from the environment that bench/run passes:
-- BENCH_METHOD (GET or HEAD) and BENCH_AUTHORIZATION (a "Bearer ..." value, or empty for none).
local method = os.getenv("BENCH_METHOD")
local authorization = os.getenv("BENCH_AUTHORIZATION")

wrk.method = (method ~= nil and method ~= "") and method or "GET"
wrk.headers["Accept"] = "application/vnd.oci.image.manifest.v1+json"
if authorization ~= nil and authorization ~= "" then
  wrk.headers["Authorization"] = authorization
end
