using Dataans.App.Ui.Markdown;

namespace Dataans.App.UiTests.Unit;

public sealed class TaskToggleTests
{
    [Theory]
    [InlineData("- [ ] a\n- [ ] b", 1, true, "- [ ] a\n- [x] b")]
    [InlineData("- [X] a", 0, true, "- [X] a")]
    [InlineData("- [X] a", 0, false, "- [ ] a")]
    [InlineData("> 1. [ ] quoted", 0, true, "> 1. [x] quoted")]
    [InlineData("| a |\n|---|\n| [ ] |\n\n* [ ] real", 0, true, "| a |\n|---|\n| [ ] |\n\n* [x] real")]
    public void Set_ChangesOnlyTheMarkOfThatTask(string markdown, int index, bool done, string expected) =>
        Assert.Equal(expected, TaskToggle.Set(markdown, index, done));

    [Theory]
    [InlineData("- [ ] a", 1)]
    [InlineData("- [ ] a", -1)]
    [InlineData("```\n- [ ] code\n```", 0)]
    [InlineData("text [ ] not a task", 0)]
    public void Set_WithoutSuchATask_IsNull(string markdown, int index) =>
        Assert.Null(TaskToggle.Set(markdown, index, done: true));
}
