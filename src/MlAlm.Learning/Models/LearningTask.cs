namespace MlAlm.Learning.Models
{
    /// <summary>What a model predicts.</summary>
    public enum LearningTask
    {
        Regression,
        BinaryClassification,
    }
}
