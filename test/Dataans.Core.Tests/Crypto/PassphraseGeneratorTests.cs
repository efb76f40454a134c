using System.Text.RegularExpressions;
using Dataans.Core.Crypto;

namespace Dataans.Core.Tests.Crypto;

public sealed partial class PassphraseGeneratorTests
{
    [Fact]
    public void Words_BundledList_IsTheEffLongListWithoutHyphenatedOrHatefulWords()
    {
        var words = PassphraseGenerator.Words;

        Assert.Equal(7_770, words.Count);
        Assert.Equal(["abacus", "abdomen", "abdominal"], words.Take(3));
        Assert.Equal("zoom", words[^1]);
        Assert.Equal(words.Count, words.Distinct(StringComparer.Ordinal).Count());
        Assert.All(words, w => Assert.Matches(PlainWord(), w));
    }

    [Theory]
    [InlineData("bomb")]
    [InlineData("dead")]
    [InlineData("drunk")]
    [InlineData("hate")]
    [InlineData("hatred")]
    [InlineData("kinky")]
    [InlineData("eyesore")]
    public void Words_WordsAUserFoundUnpleasant_AreNotOnTheList(string word) => Assert.False(PassphraseGenerator.IsListWord(word));

    [Fact]
    public void IsListWord_AnyCase_IsTrueForListWordsOnly()
    {
        Assert.True(PassphraseGenerator.IsListWord("Abacus"));
        Assert.True(PassphraseGenerator.IsListWord("ZOOM"));
        Assert.False(PassphraseGenerator.IsListWord("t-shirt"));
        Assert.False(PassphraseGenerator.IsListWord("abacusx"));
    }

    [Fact]
    public void EntropyBits_FiveWords_IsAtLeast64() => Assert.True(PassphraseGenerator.EntropyBits >= 64, $"{PassphraseGenerator.EntropyBits} bits");

    [Fact]
    public void Generate_Always_GivesFiveTitleCaseListWordsJoinedByHyphens()
    {
        var known = PassphraseGenerator.Words.ToHashSet(StringComparer.Ordinal);

        for (var i = 0; i < 200; i++)
        {
            var passphrase = PassphraseGenerator.Generate();

            Assert.Matches(Shape(), passphrase);
            Assert.All(passphrase.Split('-'), w => Assert.Contains(w.ToLowerInvariant(), known));
        }
    }

    [Fact]
    public void Generate_ManyTimes_SpreadsOverTheWholeList()
    {
        var passphrases = Enumerable.Range(0, 2_000).Select(_ => PassphraseGenerator.Generate()).ToList();
        var words = passphrases.SelectMany(p => p.Split('-')).Select(w => w.ToLowerInvariant()).ToList();
        var firstLetters = words.Select(w => w[0]).Distinct().Count();

        // 10,000 uniform draws from 7,770 words hit about 5,600 distinct ones; a biased or stuck
        // generator hits far fewer.
        Assert.Equal(passphrases.Count, passphrases.Distinct(StringComparer.Ordinal).Count());
        Assert.True(words.Distinct(StringComparer.Ordinal).Count() > 5_000);
        Assert.True(firstLetters >= 20, $"{firstLetters} distinct first letters");
        Assert.Contains(words, w => string.CompareOrdinal(w, "m") > 0);
        Assert.Contains(words, w => string.CompareOrdinal(w, "m") < 0);
    }

    [GeneratedRegex("^[a-z]{3,9}$")]
    private static partial Regex PlainWord();

    [GeneratedRegex("^[A-Z][a-z]{2,8}(-[A-Z][a-z]{2,8}){4}$")]
    private static partial Regex Shape();
}
