using System;
using MlAlm.Core.Naming;
using MlAlm.Core.Storage;
using Xunit;

namespace MlAlm.Core.Tests.Naming
{
    public sealed class NameRulesTests
    {
        [Theory]
        [InlineData("iris")]
        [InlineData("Iris")]
        [InlineData("7")]
        [InlineData("Iris data set")]          // spaces inside
        [InlineData("iris.v2.final")]          // single dots
        [InlineData("my-model_01")]            // dashes, underscores
        [InlineData("COM10")]                  // not a device: only COM1-COM9
        [InlineData("CONSOLE")]
        [InlineData("con-1")]
        [InlineData("lpt")]
        [InlineData("a b.c-d_e 9")]
        public void Valid_names_are_accepted(string name)
        {
            Assert.True(NameRules.IsValid(name));
            Assert.Null(NameRules.FindProblem(name));
            Assert.Equal(name, NameRules.Validate(name, "dataset"));
        }

        [Fact]
        public void A_name_of_exactly_the_maximum_length_is_accepted_and_one_longer_is_not()
        {
            Assert.True(NameRules.IsValid(new string('a', NameRules.MaxLength)));
            var problem = NameRules.FindProblem(new string('a', NameRules.MaxLength + 1));
            Assert.Contains("longer than 100", problem);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        public void Empty_names_are_rejected(string? name)
        {
            Assert.Equal("it is empty", NameRules.FindProblem(name));
            Assert.Throws<InvalidNameException>(() => NameRules.Validate(name, "dataset"));
        }

        [Theory]
        [InlineData("a/b", '/')]
        [InlineData("a\\b", '\\')]
        [InlineData("/etc", '/')]
        [InlineData("temp\\x", '\\')]
        public void Path_separators_are_rejected(string name, char separator)
        {
            Assert.Equal($"it contains a path separator '{separator}'", NameRules.FindProblem(name));
        }

        [Theory]
        [InlineData("..")]
        [InlineData("a..b")]
        [InlineData("v1...2")]
        public void Double_dots_are_rejected(string name)
        {
            Assert.Equal("it contains '..'", NameRules.FindProblem(name));
        }

        [Theory]
        [InlineData("CON")]
        [InlineData("con")]
        [InlineData("con.txt")]
        [InlineData("Con .txt")]               // Windows ignores the spaces before the extension
        [InlineData("aux.tar.gz")]
        [InlineData("PRN")]
        [InlineData("nul")]
        [InlineData("LPT1")]
        [InlineData("lpt9.csv")]
        [InlineData("COM1")]
        public void Reserved_device_names_are_rejected_with_or_without_extension(string name)
        {
            Assert.Contains("is a reserved device name", NameRules.FindProblem(name));
        }

        [Theory]
        [InlineData("a\u0000b", 0x0000, 2)]
        [InlineData("\tname", 0x0009, 1)]
        [InlineData("name\n", 0x000A, 5)]
        [InlineData("na\u001bme", 0x001B, 3)]
        [InlineData("a\u007f", 0x007F, 2)]
        [InlineData("a\u0085", 0x0085, 2)]
        public void Control_characters_are_rejected_with_their_position(string name, int code, int position)
        {
            Assert.Equal($"it contains a control character (U+{code:X4}) at position {position}", NameRules.FindProblem(name));
        }

        [Fact]
        public void The_message_for_a_control_character_does_not_contain_it()
        {
            var ex = Assert.Throws<InvalidNameException>(() => NameRules.Validate("bad\u001b[31mname", "experiment"));
            // Ordinal: under ICU a culture-aware search treats control characters as ignorable.
            Assert.DoesNotContain("\u001b", ex.Message, StringComparison.Ordinal);
            Assert.Contains("'bad?[31mname' is not a valid experiment name", ex.Message);
            Assert.Equal("bad\u001b[31mname", ex.Name);
            Assert.Equal("experiment", ex.Kind);
            Assert.IsAssignableFrom<ArgumentException>(ex);
        }

        [Theory]
        [InlineData("-name")]
        [InlineData("_name")]
        [InlineData(".hidden")]
        [InlineData(" name")]
        public void Names_must_start_with_a_letter_or_digit(string name)
        {
            Assert.Equal("it must start with a letter or a digit", NameRules.FindProblem(name));
        }

        [Theory]
        [InlineData("name.")]
        [InlineData("name ")]
        [InlineData("a.")]
        public void Names_must_not_end_with_a_dot_or_space(string name)
        {
            Assert.Equal("it must not end with '.' or a space", NameRules.FindProblem(name));
        }

        [Theory]
        [InlineData("caf\u00e9")]
        [InlineData("a*b")]
        [InlineData("a:b")]
        [InlineData("a?b")]
        [InlineData("a\"b")]
        [InlineData("a<b>")]
        [InlineData("a|b")]
        [InlineData("a~b")]
        [InlineData("\u0430bc")]               // Cyrillic a
        public void Characters_outside_the_allowed_set_are_rejected(string name)
        {
            Assert.StartsWith("it contains '", NameRules.FindProblem(name));
        }

        [Theory]
        [InlineData("Iris Data", "iris data")]
        [InlineData("My-Model_01.v2", "my-model_01.v2")]
        [InlineData("X", "x")]
        public void Valid_names_map_to_valid_store_key_segments(string name, string segment)
        {
            Assert.Equal(segment, NameRules.ToKeySegment(NameRules.Validate(name, "model")));
            Assert.True(StoreKey.IsValid(segment));
            Assert.True(StoreKey.IsValid(StoreKey.Of("models", segment, "versions", StoreKey.VersionSegment(1))));
        }
    }
}
