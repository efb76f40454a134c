using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataans.Core.Tests.Crypto;

/// <summary>
/// Runs Node's built-in crypto module as an independent implementation of our formats. Requests
/// and results are JSON with hex-encoded bytes. Node 20+ must be on PATH (CI installs it).
/// </summary>
internal static class NodeCrypto
{
    private const string Script = """
        const c = require('crypto');
        const hex = h => Buffer.from(h, 'hex');
        const sha = s => c.createHash('sha256').update(Buffer.from(s, 'utf8')).digest();
        function envEncrypt(key, pt) {
          const nonce = c.randomBytes(12);
          const g = c.createCipheriv('aes-256-gcm', key, nonce);
          const ct = Buffer.concat([g.update(pt), g.final()]);
          const mac = c.createHmac('sha256', key).update(Buffer.concat([nonce, pt])).digest();
          return Buffer.concat([nonce, ct, g.getAuthTag(), mac]);
        }
        function envDecrypt(key, env) {
          if (env.length < 60) return null;
          const nonce = env.subarray(0, 12), mac = env.subarray(env.length - 32);
          const ct = env.subarray(12, env.length - 48), tag = env.subarray(env.length - 48, env.length - 32);
          try {
            const d = c.createDecipheriv('aes-256-gcm', key, nonce); d.setAuthTag(tag);
            const pt = Buffer.concat([d.update(ct), d.final()]);
            const want = c.createHmac('sha256', key).update(Buffer.concat([nonce, pt])).digest();
            return c.timingSafeEqual(want, mac) ? pt : null;
          } catch { return null; }
        }
        function fileParts(key, fileId, header, i, last) {
          const fkey = Buffer.from(c.hkdfSync('sha256', key, Buffer.alloc(0), Buffer.concat([Buffer.from('dataans-file-stream-v1'), fileId]), 32));
          const nonce = Buffer.alloc(12); header.copy(nonce, 0, 12, 19); nonce.writeUInt32BE(i, 7); nonce[11] = last ? 1 : 0;
          const aad = Buffer.alloc(44); header.copy(aad, 0); fileId.copy(aad, 20); aad.writeBigUInt64BE(BigInt(i), 36);
          return { fkey, nonce, aad };
        }
        function fileEncrypt(key, fileId, prefix, chunk, pt) {
          const header = Buffer.alloc(20); Buffer.from('DATAANS').copy(header); header[7] = 1; header.writeUInt32BE(chunk, 8); prefix.copy(header, 12);
          const n = pt.length === 0 ? 1 : Math.ceil(pt.length / chunk), out = [header];
          for (let i = 0; i < n; i++) {
            const p = fileParts(key, fileId, header, i, i === n - 1);
            const g = c.createCipheriv('aes-256-gcm', p.fkey, p.nonce); g.setAAD(p.aad);
            out.push(g.update(pt.subarray(i * chunk, (i + 1) * chunk)), g.final(), g.getAuthTag());
          }
          return Buffer.concat(out);
        }
        function fileDecrypt(key, fileId, data) {
          const header = data.subarray(0, 20), chunk = header.readUInt32BE(8), sealed = chunk + 16, out = [];
          if (header.subarray(0, 8).toString('latin1') !== 'DATAANS\x01') return null;
          for (let i = 0, at = 20; ; i++, at += sealed) {
            const part = data.subarray(at, at + sealed), last = at + sealed >= data.length;
            if (part.length < 16) return null;
            const p = fileParts(key, fileId, header, i, last);
            try {
              const d = c.createDecipheriv('aes-256-gcm', p.fkey, p.nonce); d.setAAD(p.aad); d.setAuthTag(part.subarray(part.length - 16));
              out.push(d.update(part.subarray(0, part.length - 16)), d.final());
            } catch { return null; }
            if (last) return Buffer.concat(out);
          }
        }
        let input = '';
        process.stdin.on('data', d => input += d).on('end', () => {
          const results = JSON.parse(input).map(r => {
            let b;
            switch (r.op) {
              case 'kdf': b = c.pbkdf2Sync(sha(r.password), sha(r.passphrase), r.iterations, 32, 'sha256'); break;
              case 'envEncrypt': b = envEncrypt(hex(r.key), hex(r.data)); break;
              case 'envDecrypt': b = envDecrypt(hex(r.key), hex(r.data)); break;
              case 'fileEncrypt': b = fileEncrypt(hex(r.key), hex(r.fileId), hex(r.prefix), r.chunkSize, hex(r.data)); break;
              case 'fileDecrypt': b = fileDecrypt(hex(r.key), hex(r.fileId), hex(r.data)); break;
              default: throw new Error('unknown op ' + r.op);
            }
            return b === null ? null : b.toString('hex');
          });
          process.stdout.write(JSON.stringify(results));
        });
        """;

    /// <summary>Runs the requests in one Node process; a null result means Node rejected the input.</summary>
    public static async Task<string?[]> RunAsync(IReadOnlyList<object> requests)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(Script);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        await process.StandardInput.WriteAsync(JsonSerializer.Serialize(requests));
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"node failed: {await error}");
        var results = JsonNode.Parse(await output)!.AsArray();
        return [.. results.Select(r => r?.GetValue<string>())];
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
