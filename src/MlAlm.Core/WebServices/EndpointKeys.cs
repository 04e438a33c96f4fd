using System;
using System.Security.Cryptography;

namespace MlAlm.Core.WebServices
{
    /// <summary>Endpoint keys: 256 bits from the operating system's CSPRNG, base64url without padding.</summary>
    public static class EndpointKeys
    {
        public static string New()
        {
            var bytes = new byte[32];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(bytes);
            return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }
    }
}
