using Dataans.Core.Crypto;

namespace Dataans.Core.Tests.Crypto;

public sealed class PassphraseFormsTests
{
    [Fact]
    public void Alternatives_OfAGeneratedPassphraseWrittenDownLoosely_HoldTheGeneratedText()
    {
        for (var i = 0; i < 50; i++)
        {
            var generated = PassphraseGenerator.Generate();
            foreach (var typed in new[] { generated.ToLowerInvariant().Replace('-', ' '), generated.ToUpperInvariant(), "  " + generated.Replace("-", " - ", StringComparison.Ordinal) + " " })
            {
                Assert.Contains(generated, PassphraseForms.Alternatives(typed));
            }
        }
    }

    [Fact]
    public void Alternatives_NeverRepeatTheTypedText()
    {
        Assert.Empty(PassphraseForms.Alternatives("Amber-Falcon"));
        Assert.Equal(["Amber-Falcon"], PassphraseForms.Alternatives("amber falcon"));
        Assert.Empty(PassphraseForms.Alternatives("  - _ "));
    }

    [Fact]
    public void Alternatives_KeepAListWordThatHoldsAHyphenWhole()
    {
        string[] words = ["amber", "drop", "down", "drop-down", "t-shirt", "yo-yo"];

        var forms = PassphraseForms.Alternatives("amber drop down t shirt yo yo", words);

        Assert.Contains("Amber-Drop-down-T-shirt-Yo-yo", forms);
        Assert.Contains("Amber-Drop-Down-T-shirt-Yo-yo", forms);
        Assert.True(forms.Count <= PassphraseForms.MaxAlternatives);
    }

    [Fact]
    public void Alternatives_OfWordsFromAnOlderList_StillGiveTheTitleCaseForm()
    {
        Assert.Equal(["Zyzzyva-Quokka-Plinth"], PassphraseForms.Alternatives("zyzzyva quokka plinth", ["amber"]));
    }
}
