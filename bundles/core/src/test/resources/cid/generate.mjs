// Reference CIDs for org.dinfra.core.api.CidTest, computed by the IPFS JavaScript
// implementation (multiformats, @ipld/dag-pb) so that the Java code is checked against an
// independent implementation, not against itself.
//
// Regenerate: npm ci && node generate.mjs > vectors.json
//
// Each vector names its content as hex, as UTF-8 text, or as a pattern (byte i = i % modulus)
// so that large inputs need not be stored.
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import * as json from 'multiformats/codecs/json'
import { sha256, sha512 } from 'multiformats/hashes/sha2'
import { base58btc } from 'multiformats/bases/base58'
import { base16, base16upper } from 'multiformats/bases/base16'
import { base32upper } from 'multiformats/bases/base32'
import * as dagPB from '@ipld/dag-pb'

const hex = (bytes) => Buffer.from(bytes).toString('hex')

function pattern (length, modulus) {
  const bytes = new Uint8Array(length)
  for (let i = 0; i < length; i++) bytes[i] = i % modulus
  return bytes
}

const contents = [
  { name: 'empty', content: { hex: '' }, bytes: new Uint8Array(0) },
  { name: 'one byte', content: { hex: '61' }, bytes: Uint8Array.of(0x61) },
  { name: 'zero byte', content: { hex: '00' }, bytes: Uint8Array.of(0x00) },
  {
    name: '1 MiB pattern',
    content: { pattern: { length: 1048576, modulus: 251 } },
    bytes: pattern(1048576, 251)
  },
  (() => {
    const text = '{"services":{"web":{"image":"nginx:1.27","ports":["8080:80"],"labels":{"owner":"Zoë ✓ 東京"}}}}'
    return { name: 'UTF-8 JSON', content: { utf8: text }, bytes: new TextEncoder().encode(text) }
  })()
]

const vectors = []
for (const c of contents) {
  const cid = CID.create(1, raw.code, await sha256.digest(c.bytes))
  vectors.push({
    name: c.name,
    content: c.content,
    version: 1,
    codec: raw.code,
    hash: sha256.code,
    digest: hex(cid.multihash.digest),
    bytes: hex(cid.bytes),
    base32: cid.toString(),
    base32upper: cid.toString(base32upper),
    base58btc: cid.toString(base58btc),
    base16: cid.toString(base16),
    base16upper: cid.toString(base16upper)
  })
}

const jsonText = '{"kind":"json-codec","n":1}'
const jsonBytes = new TextEncoder().encode(jsonText)
const jsonCid = CID.create(1, json.code, await sha256.digest(jsonBytes))

const sha512Bytes = new TextEncoder().encode('sha2-512 block')
const sha512Cid = CID.create(1, raw.code, await sha512.digest(sha512Bytes))

// An empty UnixFS directory: a dag-pb node whose Data is the UnixFS message {Type: Directory}.
const dagPbBytes = dagPB.encode(dagPB.prepare({ Data: Uint8Array.of(0x08, 0x01), Links: [] }))
const dagPbDigest = await sha256.digest(dagPbBytes)
const v0 = CID.createV0(dagPbDigest)
const v1DagPb = CID.create(1, dagPB.code, dagPbDigest)

const special = {
  json: {
    content: { utf8: jsonText },
    version: 1,
    codec: json.code,
    hash: sha256.code,
    digest: hex(jsonCid.multihash.digest),
    base32: jsonCid.toString()
  },
  sha512: {
    content: { utf8: 'sha2-512 block' },
    version: 1,
    codec: raw.code,
    hash: sha512.code,
    digest: hex(sha512Cid.multihash.digest),
    base32: sha512Cid.toString(),
    base58btc: sha512Cid.toString(base58btc)
  },
  dagPbV0: {
    content: { hex: hex(dagPbBytes) },
    version: 0,
    codec: dagPB.code,
    hash: sha256.code,
    digest: hex(dagPbDigest.digest),
    bytes: hex(v0.bytes),
    base58btc: v0.toString()
  },
  dagPbV1: {
    content: { hex: hex(dagPbBytes) },
    version: 1,
    codec: dagPB.code,
    hash: sha256.code,
    digest: hex(dagPbDigest.digest),
    base32: v1DagPb.toString()
  }
}

const generator = {
  'multiformats': JSON.parse((await import('node:fs')).readFileSync(new URL('./node_modules/multiformats/package.json', import.meta.url))).version,
  '@ipld/dag-pb': JSON.parse((await import('node:fs')).readFileSync(new URL('./node_modules/@ipld/dag-pb/package.json', import.meta.url))).version
}

process.stdout.write(JSON.stringify({ generator, vectors, ...special }, null, 2) + '\n')
