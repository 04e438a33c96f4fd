using MlAlm.HelpCompiler.Markdown;
using Xunit;

namespace MlAlm.HelpCompiler.Tests
{
    public class InlineTextTests
    {
        [Theory]
        [InlineData("See [Get-Thing](Get-Thing.md).", "See Get-Thing.")]
        [InlineData("See [the docs](https://example.com/a).", "See the docs (https://example.com/a).")]
        [InlineData("Go to <https://example.com>.", "Go to https://example.com.")]
        [InlineData("A **bold** and __strong__ word.", "A bold and strong word.")]
        [InlineData("Keep `**code**` and `[x](y)` as written.", "Keep `**code**` and `[x](y)` as written.")]
        [InlineData(@"Escaped \*stars\* and \[brackets\].", "Escaped *stars* and [brackets].")]
        [InlineData("![diagram](d.png) shown.", "diagram shown.")]
        [InlineData("Plain text stays.", "Plain text stays.")]
        public void Converts_inline_markdown_to_plain_text(string markdown, string expected)
        {
            Assert.Equal(expected, InlineText.ToPlain(markdown));
        }

        [Fact]
        public void Parses_link_items()
        {
            Assert.Equal(new RelatedLink(3, "Get-Thing", "Get-Thing.md"), InlineText.ParseLink(3, "[Get-Thing](Get-Thing.md)"));
            Assert.Equal(new RelatedLink(4, "Online", "https://x.test/a"), InlineText.ParseLink(4, " [Online](https://x.test/a) "));
            Assert.Equal(new RelatedLink(5, "about_Things", string.Empty), InlineText.ParseLink(5, "about_Things"));
        }
    }
}
