// The only entry point of the vendored bundle: what the booth uses from @noble.
export { ristretto255 } from "@noble/curves/ed25519.js";
export { sha256, sha512 } from "@noble/hashes/sha2.js";
