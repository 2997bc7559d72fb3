// Package portal is Field Kit's side of the contract with the city's
// online public-service portal: the wire types (see openapi.yaml beside
// this file), the error shape, and a Client over go-retryablehttp.
//
// The contract is deliberately small in this first version — create a
// dossier under an Idempotency-Key, upload each declared document, then
// finalise to get the official receipt code — and is meant to grow
// (OAuth2, tus resumable uploads, status pull) without breaking callers:
// options are structs, responses are structs, and unknown JSON fields are
// ignored in both directions.
//
// Nothing here logs or formats personal data: errors carry the portal's
// code and message, log lines carry method, host, path and attempt only.
package portal
