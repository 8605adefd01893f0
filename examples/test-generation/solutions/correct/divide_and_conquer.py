# Divide and conquer: the best of the left half, the right half, and the best sum crossing the middle.
import sys


def best_sum(values, low, high):
    if high - low == 1:
        return values[low]
    middle = (low + high) // 2
    left = right = None
    total = 0
    for index in range(middle - 1, low - 1, -1):
        total += values[index]
        left = total if left is None else max(left, total)
    total = 0
    for index in range(middle, high):
        total += values[index]
        right = total if right is None else max(right, total)
    return max(best_sum(values, low, middle), best_sum(values, middle, high), left + right)


numbers = sys.stdin.read().split()
n = int(numbers[0])
values = [int(token) for token in numbers[1 : n + 1]]
print(best_sum(values, 0, n))
