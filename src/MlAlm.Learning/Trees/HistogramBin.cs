namespace MlAlm.Learning.Trees
{
    /// <summary>
    /// One bin of a histogram: the sums of the gradients and hessians of the rows that fall in it,
    /// and their number. Histograms are arrays of these, feature after feature, so that adding a
    /// row to a bin costs one bounds check and touches one 24-byte slot.
    /// </summary>
    internal struct HistogramBin
    {
        public double G;
        public double H;
        public int Count;
    }
}
