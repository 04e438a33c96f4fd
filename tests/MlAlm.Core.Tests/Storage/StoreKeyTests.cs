using System;
using MlAlm.Core.Storage;
using Xunit;

namespace MlAlm.Core.Tests.Storage
{
    public sealed class StoreKeyTests
    {
        [Theory]
        [InlineData("")]
        [InlineData("a")]
        [InlineData("a/")]
        [InlineData("a/b")]
        [InlineData("a/b/")]
        [InlineData("a/b c")]
        [InlineData("a/b ")]                   // a partial segment may end in a space or dot:
        [InlineData("a/b.")]                   // 'a/b .x' and 'a/b.x' are valid keys
        [InlineData("datasets/iris/versions/000")]
        public void Valid_prefixes(string prefix) => Assert.True(StoreKey.IsValidPrefix(prefix));

        [Theory]
        [InlineData(null)]
        [InlineData("/")]
        [InlineData("a//")]
        [InlineData("A")]
        [InlineData("a\\")]
        [InlineData(".")]
        [InlineData("..")]
        [InlineData("../")]
        [InlineData("a/../")]
        [InlineData("a /")]
        [InlineData(" ")]
        [InlineData("a/\u0000")]
        public void Invalid_prefixes(string? prefix)
        {
            Assert.False(StoreKey.IsValidPrefix(prefix));
            if (prefix != null) Assert.Throws<ArgumentException>(() => StoreKey.EnsureValidPrefix(prefix));
        }

        [Fact]
        public void PrefixOf_is_a_valid_prefix_and_versions_sort_numerically()
        {
            Assert.True(StoreKey.IsValidPrefix(StoreKey.PrefixOf("datasets", "iris")));
            Assert.True(string.CompareOrdinal(StoreKey.VersionSegment(9), StoreKey.VersionSegment(10)) < 0);
        }
    }
}
